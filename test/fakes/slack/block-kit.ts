/**
 * Block Kit's documented limits (docs.slack.dev/reference/block-kit), element by element, as
 * Slack enforces them: a bot whose French labels overflow one would see its message or view
 * refused in production while every local test passed. Returns the first problem, as Slack
 * words it ("[ERROR] must be less than 76 characters [json-pointer:/blocks/0/elements/1/text/text]").
 */
type Node = Record<string, unknown>;

const isNode = (value: unknown): value is Node => typeof value === 'object' && value !== null && !Array.isArray(value);
const textOf = (value: unknown): string | undefined =>
  isNode(value) && typeof value.text === 'string' ? value.text : undefined;

/** Where: 'message' (50 blocks) or 'view' (100). */
export function blockKitProblem(blocks: unknown[], where: 'message' | 'view', pointer = '/blocks'): string | undefined {
  const max = where === 'message' ? 50 : 100;
  if (blocks.length > max) return `no more than ${max} items allowed [json-pointer:${pointer}]`;
  for (const [i, block] of blocks.entries()) {
    const problem = blockProblem(block, `${pointer}/${i}`);
    if (problem) return problem;
  }
  return undefined;
}

function tooLong(value: string | undefined, max: number, at: string): string | undefined {
  return value !== undefined && [...value].length > max
    ? `must be less than ${max + 1} characters [json-pointer:${at}]`
    : undefined;
}

function blockProblem(block: unknown, at: string): string | undefined {
  if (!isNode(block)) return `must be an object [json-pointer:${at}]`;
  const blockId = typeof block.block_id === 'string' ? block.block_id : undefined;
  const checks: (string | undefined)[] = [tooLong(blockId, 255, `${at}/block_id`)];
  switch (block.type) {
    case 'section': {
      checks.push(tooLong(textOf(block.text), 3000, `${at}/text/text`));
      if (Array.isArray(block.fields)) {
        if (block.fields.length > 10) checks.push(`no more than 10 items allowed [json-pointer:${at}/fields]`);
        block.fields.forEach((f, j) => checks.push(tooLong(textOf(f), 2000, `${at}/fields/${j}/text`)));
      }
      if (block.text === undefined && block.fields === undefined)
        checks.push(`must provide text or fields [json-pointer:${at}]`);
      if (block.accessory !== undefined) checks.push(elementProblem(block.accessory, `${at}/accessory`));
      break;
    }
    case 'header':
      checks.push(tooLong(textOf(block.text), 150, `${at}/text/text`));
      break;
    case 'context':
      if (Array.isArray(block.elements) && block.elements.length > 10)
        checks.push(`no more than 10 items allowed [json-pointer:${at}/elements]`);
      break;
    case 'actions':
      if (!Array.isArray(block.elements) || block.elements.length === 0)
        checks.push(`must provide elements [json-pointer:${at}/elements]`);
      else {
        if (block.elements.length > 25) checks.push(`no more than 25 items allowed [json-pointer:${at}/elements]`);
        block.elements.forEach((e, j) => checks.push(elementProblem(e, `${at}/elements/${j}`)));
      }
      break;
    case 'input':
      checks.push(
        tooLong(textOf(block.label), 2000, `${at}/label/text`),
        tooLong(textOf(block.hint), 2000, `${at}/hint/text`),
        elementProblem(block.element, `${at}/element`),
      );
      break;
    default:
      break;
  }
  return checks.find((c) => c !== undefined);
}

function optionsProblem(options: unknown, at: string): string | undefined {
  if (!Array.isArray(options)) return undefined;
  if (options.length > 100) return `no more than 100 items allowed [json-pointer:${at}]`;
  for (const [j, option] of options.entries()) {
    const o = isNode(option) ? option : {};
    const problem =
      tooLong(textOf(o.text), 75, `${at}/${j}/text/text`) ??
      tooLong(typeof o.value === 'string' ? o.value : undefined, 150, `${at}/${j}/value`);
    if (problem) return problem;
  }
  return undefined;
}

const numeric = (value: unknown) => typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value));

function elementProblem(element: unknown, at: string): string | undefined {
  if (!isNode(element)) return `must be an object [json-pointer:${at}]`;
  const checks: (string | undefined)[] = [
    tooLong(typeof element.action_id === 'string' ? element.action_id : undefined, 255, `${at}/action_id`),
    tooLong(textOf(element.placeholder), 150, `${at}/placeholder/text`),
  ];
  switch (element.type) {
    case 'button':
      checks.push(
        tooLong(textOf(element.text), 75, `${at}/text/text`),
        tooLong(typeof element.value === 'string' ? element.value : undefined, 2000, `${at}/value`),
        tooLong(typeof element.url === 'string' ? element.url : undefined, 3000, `${at}/url`),
      );
      break;
    case 'static_select':
    case 'multi_static_select':
    case 'overflow':
    case 'checkboxes':
    case 'radio_buttons':
      checks.push(optionsProblem(element.options, `${at}/options`));
      if (Array.isArray(element.option_groups) && element.option_groups.length > 100)
        checks.push(`no more than 100 items allowed [json-pointer:${at}/option_groups]`);
      break;
    case 'plain_text_input': {
      const max = typeof element.max_length === 'number' ? element.max_length : 3000;
      if (max > 3000) checks.push(`must be less than 3001 [json-pointer:${at}/max_length]`);
      if (typeof element.min_length === 'number' && element.min_length > 3000)
        checks.push(`must be less than 3001 [json-pointer:${at}/min_length]`);
      checks.push(
        tooLong(
          typeof element.initial_value === 'string' ? element.initial_value : undefined,
          max,
          `${at}/initial_value`,
        ),
      );
      break;
    }
    case 'number_input':
      if (typeof element.is_decimal_allowed !== 'boolean')
        checks.push(`missing required field: is_decimal_allowed [json-pointer:${at}/is_decimal_allowed]`);
      for (const field of ['initial_value', 'min_value', 'max_value']) {
        if (element[field] !== undefined && !numeric(element[field]))
          checks.push(`must be a number in a string [json-pointer:${at}/${field}]`);
      }
      if (
        numeric(element.min_value) &&
        numeric(element.max_value) &&
        Number(element.min_value) > Number(element.max_value)
      )
        checks.push(`min_value must be less than or equal to max_value [json-pointer:${at}]`);
      if (
        numeric(element.initial_value) &&
        ((numeric(element.min_value) && Number(element.initial_value) < Number(element.min_value)) ||
          (numeric(element.max_value) && Number(element.initial_value) > Number(element.max_value)))
      ) {
        checks.push(`initial_value must be between min_value and max_value [json-pointer:${at}/initial_value]`);
      }
      if (
        element.is_decimal_allowed === false &&
        numeric(element.initial_value) &&
        !Number.isInteger(Number(element.initial_value))
      )
        checks.push(`must be an integer [json-pointer:${at}/initial_value]`);
      break;
    default:
      break;
  }
  return checks.find((c) => c !== undefined);
}
