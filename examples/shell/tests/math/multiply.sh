#!/bin/sh
# multiplies
sleep 0.6; [ $((6 * 7)) -eq 42 ]
