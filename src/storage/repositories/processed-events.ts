import type { ProcessedEvents } from '../../core/community.ts';
import type { Db } from './db.ts';

export function createProcessedEvents(prisma: Db): ProcessedEvents {
  return {
    async claim(platform, key) {
      // One statement, so two instances receiving the same retry cannot both win.
      const inserted = await prisma.$executeRaw`
        INSERT INTO processed_events (platform, event_key) VALUES (${platform}::"Platform", ${key})
        ON CONFLICT DO NOTHING`;
      return inserted === 1;
    },
    async release(platform, key) {
      await prisma.processedEvent.deleteMany({ where: { platform, eventKey: key } });
    },
    async purge(before) {
      const { count } = await prisma.processedEvent.deleteMany({ where: { processedAt: { lt: before } } });
      return count;
    },
  };
}
