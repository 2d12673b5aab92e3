// The global setup of shardline's web-server host: a `playwright test` run
// whose config (an overlay of the project's, runners/playwright_config_overlay)
// holds the project's webServer entries and no test. Playwright starts the
// web servers before any global setup; this one then says they are up, with
// what they added to the environment, and holds them until shardline asks
// it to stop (SIGTERM) or is gone (this process gets another parent). When
// it returns, Playwright finds no test and stops the web servers as it does
// at the end of any run (webServer.gracefulShutdown, else SIGKILL).
//
// The line it prints, on stdout:
//   shardline-web-servers-ready {"servers": N, "environment": {NAME: VALUE}}
'use strict';

const readyPrefix = 'shardline-web-servers-ready ';

function addedEnvironment(before) {
  const added = {};
  for (const [name, value] of Object.entries(process.env))
    if (before[name] !== value) added[name] = value;
  return added;
}

function webServerCount(config) {
  const servers = config && config.webServer;
  if (Array.isArray(servers)) return servers.length;
  return servers ? 1 : 0;
}

function untilStopped() {
  const parent = process.ppid;
  return new Promise((resolve) => {
    const done = () => {
      clearInterval(watch);
      process.off('SIGTERM', done);
      resolve();
    };
    process.on('SIGTERM', done);
    const watch = setInterval(() => {
      if (process.ppid !== parent) done();
    }, 500);
  });
}

// Playwright calls it with the config alone; `out` is for the unit tests.
module.exports = async function holdWebServers(config, out = process.stdout) {
  const before = globalThis.__shardlineStartingEnv || {};
  const ready = { servers: webServerCount(config), environment: addedEnvironment(before) };
  out.write(`\n${readyPrefix}${JSON.stringify(ready)}\n`);
  if (ready.servers > 0) await untilStopped();
};

module.exports.readyPrefix = readyPrefix;
module.exports.addedEnvironment = addedEnvironment;
module.exports.webServerCount = webServerCount;
