// Loaded into the bot's process by a test (NODE_OPTIONS=--import): remembers every worker
// thread the bot starts and stops them all on SIGUSR2, as a crash of the embedded database's
// thread would. Nothing in the product knows of it.
import workerThreads from 'node:worker_threads';
import { syncBuiltinESMExports } from 'node:module';

const started = [];
const Original = workerThreads.Worker;
workerThreads.Worker = class extends Original {
  constructor(...args) {
    super(...args);
    started.push(this);
  }
};
syncBuiltinESMExports();
process.on('SIGUSR2', () => {
  for (const worker of started) void worker.terminate();
});
