#!/bin/sh
# adds small numbers
sleep 0.4; [ $((2 + 2)) -eq 4 ]
