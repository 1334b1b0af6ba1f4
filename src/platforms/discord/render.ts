import {
  ButtonStyle as DiscordButtonStyle,
  ChannelType,
  ComponentType,
  SelectMenuDefaultValueType,
  TextInputStyle,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
  type APIEmbed,
  type APIModalInteractionResponseCallbackData,
} from 'discord.js';
import type { Block, Element, Message, Modal } from '../../core/reply.ts';

const buttonStyles = {
  primary: DiscordButtonStyle.Primary,
  secondary: DiscordButtonStyle.Secondary,
  success: DiscordButtonStyle.Success,
  danger: DiscordButtonStyle.Danger,
} as const;

/** Discord's limits, applied where texts could exceed them rather than failing the reply. */
const clip = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function component(element: Element): APIComponentInMessageActionRow {
  switch (element.type) {
    case 'button':
      return { type: ComponentType.Button, custom_id: element.action, label: clip(element.label, 80), style: buttonStyles[element.style ?? 'secondary'] };
    case 'select': {
      // Discord takes 25 options at most, and no more picks than options.
      const options = element.options.slice(0, 25);
      const max = Math.min(element.max ?? 1, options.length);
      return {
        type: ComponentType.StringSelect,
        custom_id: element.action,
        placeholder: clip(element.placeholder, 150),
        min_values: Math.min(element.min ?? 1, max),
        max_values: max,
        options: options.map((o) => ({
          label: clip(o.label, 100),
          value: o.value,
          ...(o.description ? { description: clip(o.description, 100) } : {}),
          default: element.selected?.includes(o.value) ?? false,
        })),
      };
    }
    case 'channel-select':
      return {
        type: ComponentType.ChannelSelect,
        custom_id: element.action,
        placeholder: clip(element.placeholder, 150),
        channel_types: [ChannelType.GuildText, ChannelType.GuildAnnouncement],
        max_values: element.max ?? 1,
        default_values: (element.selected ?? []).map((id) => ({ id, type: SelectMenuDefaultValueType.Channel })),
      };
    case 'role-select':
      return {
        type: ComponentType.RoleSelect,
        custom_id: element.action,
        placeholder: clip(element.placeholder, 150),
        min_values: 0,
        max_values: element.max ?? 1,
        default_values: (element.selected ?? []).map((id) => ({ id, type: SelectMenuDefaultValueType.Role })),
      };
    case 'user-select':
      return {
        type: ComponentType.UserSelect,
        custom_id: element.action,
        placeholder: clip(element.placeholder, 150),
        min_values: 0,
        max_values: element.max ?? 1,
        default_values: (element.selected ?? []).map((id) => ({ id, type: SelectMenuDefaultValueType.User })),
      };
  }
}

export interface DiscordMessage {
  content: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIComponentInMessageActionRow>[];
}

/**
 * A neutral message as Discord content, one embed for fields, and action rows. Selects
 * take a row each; buttons share rows of five.
 */
export function renderMessage(message: Message): DiscordMessage {
  const blocks: Block[] = message.blocks ?? [{ type: 'text', text: message.text }];
  const lines: string[] = [];
  const embeds: APIEmbed[] = [];
  const components: APIActionRowComponent<APIComponentInMessageActionRow>[] = [];
  for (const block of blocks) {
    if (block.type === 'text') lines.push(block.text);
    else if (block.type === 'context') lines.push(`-# ${block.text}`);
    else if (block.type === 'divider') lines.push('');
    else if (block.type === 'fields') {
      embeds.push({ fields: block.fields.slice(0, 25).map((f) => ({ name: clip(f.label, 256), value: clip(f.value || '—', 1024) })) });
    } else {
      const buttons = block.elements.filter((e) => e.type === 'button');
      for (const element of block.elements.filter((e) => e.type !== 'button')) {
        components.push({ type: ComponentType.ActionRow, components: [component(element)] });
      }
      for (let i = 0; i < buttons.length; i += 5) {
        components.push({ type: ComponentType.ActionRow, components: buttons.slice(i, i + 5).map(component) });
      }
    }
  }
  return { content: clip(lines.join('\n'), 2000), embeds, components: components.slice(0, 5) };
}

/** A neutral form as a Discord modal: text fields only, five at most (the core plans for it). */
export function renderModal(modal: Modal): APIModalInteractionResponseCallbackData {
  const rows = modal.fields.flatMap((field) =>
    field.type === 'text'
      ? [
          {
            type: ComponentType.ActionRow as const,
            components: [
              {
                type: ComponentType.TextInput as const,
                custom_id: field.id,
                label: clip(field.label, 45),
                style: field.style === 'paragraph' ? TextInputStyle.Paragraph : TextInputStyle.Short,
                required: field.required,
                ...(field.value !== undefined ? { value: field.value.slice(0, field.maxLength ?? 4000) } : {}),
                ...(field.placeholder ? { placeholder: clip(field.placeholder, 100) } : {}),
                ...(field.maxLength ? { max_length: field.maxLength } : {}),
              },
            ],
          },
        ]
      : [],
  );
  return { custom_id: modal.action, title: clip(modal.title, 45), components: rows.slice(0, 5) };
}
