#!/bin/sh
# creates a file
sleep 0.4; d=$(mktemp -d) && touch "$d/x" && [ -f "$d/x" ] && rm -r "$d"
