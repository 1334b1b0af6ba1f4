import type { PublicationRepository } from '../../core/posts/publication-ports.ts';
import type { Db } from './db.ts';

export function createPublicationRepository(db: Db): PublicationRepository {
  void db;
  return {};
}
