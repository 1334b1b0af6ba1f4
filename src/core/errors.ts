import type { MessageKey, ParamArgs, Text } from '../i18n/index.ts';

/**
 * Something the user can fix (a wrong answer, an action she may not take). Shown to
 * her, ephemerally, in her language; never logged as a failure.
 */
export class UserError extends Error {
  readonly text: Text;
  constructor(...[key, params]: { [K in MessageKey]: [K, ...ParamArgs<K>] }[MessageKey]) {
    super(key);
    this.name = 'UserError';
    this.text = params ? { key, params: params as Record<string, string | number> } : { key };
  }
}

/**
 * Errors per form field (field id → what is wrong), shown next to each field where the
 * platform can. The valid fields of the same form have been saved.
 */
export class FieldErrors extends Error {
  constructor(
    readonly errors: Record<string, Text>,
    /** The action id of a button that reopens the form, prefilled (Discord cannot keep a form open). */
    readonly retryAction?: string,
    /** What the reply tells her was kept: the form's other answers, or (a one-field form) what she typed. */
    readonly kept: 'others' | 'typed' = 'others',
  ) {
    super(`invalid fields: ${Object.keys(errors).join(', ')}`);
    this.name = 'FieldErrors';
  }
}

/**
 * A rejection handler for a form's work: its FieldErrors come back with `retryAction`, the
 * button that reopens the form; any other error as it was.
 */
export const reopeningWith =
  (retryAction: string) =>
  (error: unknown): never => {
    throw error instanceof FieldErrors ? new FieldErrors(error.errors, retryAction, error.kept) : error;
  };
