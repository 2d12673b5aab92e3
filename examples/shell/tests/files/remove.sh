#!/bin/sh
# removes a file
sleep 1.2; f=$(mktemp) && rm "$f" && [ ! -e "$f" ]
