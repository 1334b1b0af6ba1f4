// Filled by helper D (publication) in this change.
export type PublicationRepository = Record<never, never>;
