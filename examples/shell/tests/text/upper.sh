#!/bin/sh
# upper-cases
sleep 0.8; [ "$(echo shard | tr a-z A-Z)" = SHARD ]
