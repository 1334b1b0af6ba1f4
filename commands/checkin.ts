import { comingSoon } from '../src/core/commands.ts';

// Arrives with its own issue; until then it says so.
export default comingSoon({ en: 'checkin', fr: 'point' }, 'command.checkin.description');
