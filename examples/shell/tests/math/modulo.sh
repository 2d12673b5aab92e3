#!/bin/sh
# takes a remainder
sleep 0.2; [ $((43 % 6)) -eq 1 ]
