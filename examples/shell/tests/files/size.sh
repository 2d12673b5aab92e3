#!/bin/sh
# measures a file
sleep 0.5; f=$(mktemp) && printf 12345 > "$f" && [ "$(wc -c < "$f")" -eq 5 ] && rm "$f"
