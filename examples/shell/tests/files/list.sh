#!/bin/sh
# lists a folder
sleep 0.7; d=$(mktemp -d) && touch "$d/a" "$d/b" && [ "$(ls "$d" | wc -l)" -eq 2 ] && rm -r "$d"
