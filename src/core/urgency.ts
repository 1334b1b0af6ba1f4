import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Work a member waits on with nothing on her screen yet: an interaction that may answer with
 * a form, which only a first answer can open, so nothing acknowledges it before its answer
 * (Discord shows "did not respond" after 3 s). The admission gate runs such work through
 * `urgently`; the embedded database serves the queries made within it ahead of the others
 * (see src/storage/embedded-worker.ts), as the gate lets it in ahead of the others.
 */
const urgent = new AsyncLocalStorage<true>();

export const urgently = <T>(work: () => T): T => urgent.run(true, work);

/** Whether the current work (its whole chain of promises) was started through `urgently`. */
export const isUrgent = (): boolean => urgent.getStore() === true;
