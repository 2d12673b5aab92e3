#!/bin/sh
# counts words
sleep 1.0; [ "$(echo one two three | wc -w)" -eq 3 ]
