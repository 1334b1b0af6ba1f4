import { comingSoon } from '../src/core/commands.ts';

// Arrives with its own issue; until then it says so.
export default comingSoon({ en: 'share', fr: 'partager' }, 'command.share.description');
