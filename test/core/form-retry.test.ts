import { describe, expect, it } from 'vitest';
import { FieldErrors, reopeningWith, UserError } from '../../src/core/errors.ts';

describe('reopeningWith', () => {
  it('gives a form’s field errors the button that reopens it, keeping what they said', async () => {
    const errors = { timeZone: { key: 'admin.invalid.timeZone' as const, params: { value: 'Mars/Olympus' } } };
    const failed = Promise.reject(new FieldErrors(errors, undefined, 'typed'));
    const error = await failed.catch(reopeningWith('admin:timezone-open')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FieldErrors);
    expect(error).toMatchObject({ errors, retryAction: 'admin:timezone-open', kept: 'typed' });
  });

  it('lets any other error through as it was', async () => {
    const refused = new UserError('error.expired');
    const error = await Promise.reject(refused)
      .catch(reopeningWith('admin:timezone-open'))
      .catch((e: unknown) => e);
    expect(error).toBe(refused);
  });
});
