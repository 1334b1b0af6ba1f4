// Filled by helper D (challenges) in this change.
export type ChallengeRepository = Record<never, never>;
