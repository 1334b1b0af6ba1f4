import type { InteractionResult, ViewState } from '../view.ts';

/** An answer other than 2xx: the page says so and stays as it was. */
export class ApiError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

async function parse<T>(response: Response): Promise<T> {
  if (!response.ok) throw new ApiError(response.status);
  return (await response.json()) as T;
}

const post = <T>(path: string, body: unknown) =>
  fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
    (r) => parse<T>(r),
  );

export interface Where {
  as: string;
  locale: string;
  conversation: string;
  messageId?: string;
}

export const api = {
  state: (as: string, locale: string | undefined) =>
    fetch(`/api/state?${new URLSearchParams({ as, ...(locale ? { locale } : {}) })}`).then((r) => parse<ViewState>(r)),
  text: (where: Where, text: string) =>
    post<InteractionResult>('/api/interact', { ...where, input: { kind: 'text', text } }),
  action: (where: Where, id: string, values: string[]) =>
    post<InteractionResult>('/api/interact', { ...where, input: { kind: 'action', id, values } }),
  /** A form, with its files: multipart, as a browser sends a form. */
  form(where: Where, id: string, values: Record<string, string | string[]>, files: Record<string, File[]>) {
    const body = new FormData();
    body.append('payload', JSON.stringify({ ...where, id, values }));
    for (const [field, list] of Object.entries(files))
      for (const file of list) body.append(`file:${field}`, file, file.name);
    return fetch('/api/form', { method: 'POST', body }).then((r) => parse<InteractionResult>(r));
  },
  travel: (days: number) => post<{ now: string }>('/api/travel', { days }),
  reset: () => post<{ generation: number }>('/api/reset', {}),
};
