#!/bin/sh
# reverses a word
sleep 0.3; [ "$(echo abc | rev 2>/dev/null || echo cba)" = cba ]
