import type { InteractionResult, ViewField, ViewModal } from '../view.ts';
import { h } from './dom.ts';

export interface ModalHandlers {
  /** Sends the form; its answer may keep it open (errors, a next form) or close it. */
  submit(
    action: string,
    values: Record<string, string | string[]>,
    files: Record<string, File[]>,
  ): Promise<InteractionResult>;
  closed(): void;
}

const fieldId = (id: string) => `field-${id}`;

function control(f: ViewField): HTMLElement {
  const id = fieldId(f.id);
  switch (f.type) {
    case 'text':
      return f.multiline
        ? h(
            'textarea',
            { id, name: f.id, rows: 3, placeholder: f.placeholder, maxlength: f.maxLength, required: f.required },
            f.value,
          )
        : h('input', {
            id,
            name: f.id,
            type: 'text',
            value: f.value,
            placeholder: f.placeholder,
            maxlength: f.maxLength,
            required: f.required,
          });
    case 'select':
      return h(
        'select',
        { id, name: f.id, required: f.required },
        h('option', { value: '' }, '—'),
        f.options.map((o) =>
          h('option', { value: o.value, selected: f.selected.includes(o.value), title: o.description }, o.label),
        ),
      );
    case 'checkboxes':
      return h(
        'div',
        { id, class: 'choices', role: 'group' },
        f.options.map((o) =>
          h(
            'label',
            { class: 'choice', title: o.description },
            h('input', { type: 'checkbox', name: f.id, value: o.value, checked: f.selected.includes(o.value) }),
            ' ',
            o.label,
          ),
        ),
      );
    case 'file':
      return h('input', { id, name: f.id, type: 'file', accept: f.accept, required: f.required });
  }
}

/** What the form holds now, as the platforms send it: selects and boxes as lists, text as text. */
function valuesOf(form: HTMLFormElement, fields: ViewField[]) {
  const values: Record<string, string | string[]> = {};
  const files: Record<string, File[]> = {};
  for (const f of fields) {
    if (f.type === 'text')
      values[f.id] = (form.elements.namedItem(f.id) as HTMLInputElement | HTMLTextAreaElement).value;
    else if (f.type === 'select') {
      const value = (form.elements.namedItem(f.id) as HTMLSelectElement).value;
      values[f.id] = value ? [value] : [];
    } else if (f.type === 'checkboxes')
      values[f.id] = [...form.querySelectorAll<HTMLInputElement>(`input[name="${CSS.escape(f.id)}"]:checked`)].map(
        (i) => i.value,
      );
    else files[f.id] = [...((form.elements.namedItem(f.id) as HTMLInputElement).files ?? [])];
  }
  return { values, files };
}

/** A form (modal) of the neutral model in a dialog; errors show under their field. */
export function openModal(modal: ViewModal, texts: Record<string, string>, handlers: ModalHandlers): { close(): void } {
  const problems = new Map<string, HTMLElement>();
  const general = h('p', { class: 'error', role: 'alert', hidden: true });
  const form = h(
    'form',
    { method: 'dialog', novalidate: true },
    h('h2', {}, modal.title),
    modal.fields.map((f) => {
      const problem = h('p', { class: 'error', id: `${fieldId(f.id)}-error`, role: 'alert', hidden: true });
      problems.set(f.id, problem);
      const label = h(
        'label',
        { for: fieldId(f.id), class: 'label' },
        f.label,
        f.required ? h('span', { class: 'required' }, ` (${texts.required ?? '*'})`) : null,
      );
      return h(
        'div',
        { class: 'field', 'data-field': f.id },
        f.type === 'checkboxes' ? h('span', { class: 'label' }, f.label) : label,
        control(f),
        f.hint ? h('p', { class: 'hint' }, f.hint) : null,
        problem,
      );
    }),
    general,
    h(
      'div',
      { class: 'buttons' },
      h('button', { type: 'button', class: 'button secondary', onclick: () => close() }, texts.cancel ?? 'Cancel'),
      h('button', { type: 'submit', class: 'button primary' }, modal.submitLabel),
    ),
  );
  const dialog = h('dialog', { class: 'modal', 'aria-label': modal.title }, form);
  let done = false;
  const close = () => {
    if (done) return;
    done = true;
    dialog.close();
    dialog.remove();
    handlers.closed();
  };
  dialog.addEventListener('cancel', (event) => {
    event.preventDefault();
    close();
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const { values, files } = valuesOf(form, modal.fields);
    const submit = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (submit) submit.disabled = true;
    handlers
      .submit(modal.action, values, files)
      .then((result) => {
        for (const [id, element] of problems) {
          element.textContent = result.errors?.[id] ?? '';
          element.hidden = !result.errors?.[id];
        }
        general.hidden = true;
        if (result.modal || result.closed) close();
      })
      .catch((error: unknown) => {
        general.textContent = (texts.failed ?? '{status}').replace(
          '{status}',
          String((error as { status?: number }).status ?? '?'),
        );
        general.hidden = false;
      })
      .finally(() => {
        if (submit) submit.disabled = false;
      });
  });
  document.body.append(dialog);
  dialog.showModal();
  return { close };
}
