import { comingSoon } from '../src/core/commands.ts';

// Arrives with its own issue; until then it says so.
export default comingSoon({ en: 'circle', fr: 'cercle' }, 'command.circle.description');
