import { comingSoon } from '../src/core/commands.ts';

// Arrives with its own issue; until then it says so.
export default comingSoon({ en: 'mentors', fr: 'marraines' }, 'command.mentors.description');
