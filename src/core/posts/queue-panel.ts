import type { ActionInput, FormInput, Handler } from '../commands.ts';

/**
 * The moderators' publication queue (reorder, publish now, skip a day), as actions and
 * forms of the `share` command: filled by helper D in this change.
 */
export const queueActions: Record<string, Handler<ActionInput>> = {};
export const queueForms: Record<string, Handler<FormInput>> = {};
