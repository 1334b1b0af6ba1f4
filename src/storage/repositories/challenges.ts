import type { ChallengeRepository } from '../../core/challenges/ports.ts';
import type { Db } from './db.ts';

export function createChallengeRepository(db: Db): ChallengeRepository {
  void db;
  return {};
}
