// Filled by helper C (sharing and moderation) in this change.
export type SubmissionRepository = Record<never, never>;
