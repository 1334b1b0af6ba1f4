// Ids of buttons, selects and forms (`<command>:<action>[:arg…]`): depends on nothing, so any
// message builder may name an action without importing the commands or their services.

/** The id of a button, select or form handled by `command`'s `action`. */
export function actionId(command: string, action: string, ...args: (string | number)[]): string {
  const id = [command, action, ...args.map(String)].join(':');
  if (id.length > 100) throw new Error(`component id longer than Discord allows: ${id}`);
  return id;
}

/**
 * The id of a component on a message sent outside the community's own space (a DM):
 * the platform then does not say which community it belongs to, so the id carries it.
 */
export function scopedActionId(
  communityId: string,
  command: string,
  action: string,
  ...args: (string | number)[]
): string {
  const id = `${communityId}/${actionId(command, action, ...args)}`;
  if (id.length > 100) throw new Error(`component id longer than Discord allows: ${id}`);
  return id;
}

const scopePattern = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\//;

export function parseActionId(id: string): { command: string; action: string; args: string[]; scope?: string } | null {
  const scope = scopePattern.exec(id)?.[1];
  const [command, action, ...args] = (scope ? id.slice(scope.length + 1) : id).split(':');
  if (!command || !action) return null;
  return scope ? { command, action, args, scope } : { command, action, args };
}
