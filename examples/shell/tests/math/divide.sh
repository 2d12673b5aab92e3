#!/bin/sh
# divides without remainder
sleep 0.3; [ $((42 / 6)) -eq 7 ]
