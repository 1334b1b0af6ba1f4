import type { SubmissionRepository } from '../../core/posts/ports.ts';
import type { Db } from './db.ts';

export function createSubmissionRepository(db: Db): SubmissionRepository {
  void db;
  return {};
}
