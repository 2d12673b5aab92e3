#pragma once

// Every atom of the actor protocol, grouped by the interface that uses it.
// Atoms are at most 10 characters (CAF 0.17).

#include <caf/atom.hpp>

namespace shardline::atom {

// -- coordinator ----------------------------------------------------------------
using register_ = caf::atom_constant<caf::atom("register")>;
using heartbeat = caf::atom_constant<caf::atom("heartbeat")>;
using check = caf::atom_constant<caf::atom("check")>;
using start = caf::atom_constant<caf::atom("start")>;
using workers = caf::atom_constant<caf::atom("workers")>;
using registry = caf::atom_constant<caf::atom("registry")>;
using session = caf::atom_constant<caf::atom("session")>;
using sessions = caf::atom_constant<caf::atom("sessions")>;
using drain = caf::atom_constant<caf::atom("drain")>;
using watch = caf::atom_constant<caf::atom("watch")>;

// -- session --------------------------------------------------------------------
using status = caf::atom_constant<caf::atom("status")>;
using results = caf::atom_constant<caf::atom("results")>;
using cancel = caf::atom_constant<caf::atom("cancel")>;
using await = caf::atom_constant<caf::atom("await")>;
using dispatch = caf::atom_constant<caf::atom("dispatch")>;
using result = caf::atom_constant<caf::atom("result")>;
using steal = caf::atom_constant<caf::atom("steal")>;
using lost = caf::atom_constant<caf::atom("lost")>;
using joined = caf::atom_constant<caf::atom("joined")>;
using subscribe = caf::atom_constant<caf::atom("subscribe")>;
using drained = caf::atom_constant<caf::atom("drained")>;
using publish = caf::atom_constant<caf::atom("publish")>;
using held = caf::atom_constant<caf::atom("held")>;

// -- session observers ------------------------------------------------------------
using progress = caf::atom_constant<caf::atom("progress")>;
using ended = caf::atom_constant<caf::atom("ended")>;
using shard = caf::atom_constant<caf::atom("shard")>;

// -- worker observers -------------------------------------------------------------
using worker = caf::atom_constant<caf::atom("worker")>;

// -- shard ----------------------------------------------------------------------
using enqueue = caf::atom_constant<caf::atom("enqueue")>;
using give = caf::atom_constant<caf::atom("give")>;
using bind = caf::atom_constant<caf::atom("bind")>;
using stop = caf::atom_constant<caf::atom("stop")>;

// -- worker ---------------------------------------------------------------------
using run = caf::atom_constant<caf::atom("run")>;
using done = caf::atom_constant<caf::atom("done")>;
using tick = caf::atom_constant<caf::atom("tick")>;

// -- http agent -----------------------------------------------------------------
using poll = caf::atom_constant<caf::atom("poll")>;
using report = caf::atom_constant<caf::atom("report")>;
using forget = caf::atom_constant<caf::atom("forget")>;

// -- the store --
using flush = caf::atom_constant<caf::atom("flush")>;
using commit = caf::atom_constant<caf::atom("commit")>;
using resume = caf::atom_constant<caf::atom("resume")>;

} // namespace shardline::atom
