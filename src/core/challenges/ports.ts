export type ChallengeStatus = 'open' | 'closed' | 'cancelled';

/** "challenge @someone": one link of a chain, from who challenged to who was challenged. */
export interface Challenge {
  id: string;
  communityId: string;
  challengerId: string;
  challengedId: string;
  /** open until her post is published (closed), or cancelled. */
  status: ChallengeStatus;
  /** Her published post that closed it. */
  submissionId: string | null;
  createdAt: Date;
  closedAt: Date | null;
}

export interface ChallengeRepository {
  /** A new open challenge; null when one from her to the same person is already open (unique index). */
  create(input: {
    communityId: string;
    challengerId: string;
    challengedId: string;
    createdAt: Date;
  }): Promise<Challenge | null>;
  /** Her open challenges (the ones she sent). */
  openCountBy(challengerId: string): Promise<number>;
  openBetween(challengerId: string, challengedId: string): Promise<Challenge | null>;
  /** Closes every open challenge to her with her published post; returns them, as closed. */
  closeOpenTo(challengedId: string, submissionId: string, at: Date): Promise<Challenge[]>;
  /** The community's challenges that are not cancelled, oldest first: the links of every chain. */
  links(communityId: string): Promise<Challenge[]>;
}
