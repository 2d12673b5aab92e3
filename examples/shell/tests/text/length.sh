#!/bin/sh
# counts characters
sleep 0.5; [ "$(printf shardline | wc -c)" -eq 9 ]
