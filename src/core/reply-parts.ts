import { catalog, render, type Locale, type MessageKey, type Translate } from '../i18n/index.ts';
import type { FieldErrors } from './errors.ts';
import type { Block, Reply } from './reply-model.ts';

/** The label of a form field, as shown in the form itself. */
export function fieldLabel(locale: Locale, id: string): string {
  const key = `field.${id}` as MessageKey;
  const message = catalog(locale)[key];
  return typeof message === 'string' ? message : id;
}

/**
 * A form came back with errors. Slack shows each under its field (the form stays open);
 * Discord closes forms on submit, so the fallback lists them and offers to reopen it,
 * prefilled with what she typed.
 */
export function formErrorsReply(t: Translate, locale: Locale, error: FieldErrors, input: { kind: string }): Reply {
  const errors = Object.fromEntries(Object.entries(error.errors).map(([id, problem]) => [id, render(locale, problem)]));
  const lines = Object.entries(errors).map(([id, problem]) => `- **${fieldLabel(locale, id)}** : ${problem}`);
  const text = `${t('form.errors.intro')}\n${lines.join('\n')}\n${t(error.kept === 'typed' ? 'form.errors.keptTyped' : 'form.errors.kept')}`;
  const blocks: Block[] = [{ type: 'text', text }];
  if (error.retryAction) {
    blocks.push({
      type: 'actions',
      elements: [{ type: 'button', action: error.retryAction, label: t('form.errors.fix'), style: 'primary' }],
    });
  }
  return input.kind === 'form'
    ? { kind: 'form-errors', errors, fallback: { text, blocks } }
    : { kind: 'message', ephemeral: true, text, blocks };
}

/** A date as the community reads it: in the member's language and the community's time zone. */
export function formatDate(locale: Locale, timeZone: string, date: Date): string {
  return new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone }).format(date);
}

/** How both platforms write a mention of a member. */
export const mention = (externalUserId: string) => `<@${externalUserId}>`;
