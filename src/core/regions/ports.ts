/** A region of the community and its delegate. */
export interface Region {
  id: string;
  communityId: string;
  /** As the admin typed it: member text. */
  name: string;
  /** Other names members may give for it (cities, departments), as typed. */
  aliases: string[];
  delegateId: string | null;
  createdAt: Date;
}

/** Where a member said she is (her profile's region, as typed). */
export interface MemberPlace {
  memberId: string;
  region: string;
}

export interface RegionRepository {
  /** Oldest first. */
  list(communityId: string): Promise<Region[]>;
  get(id: string): Promise<Region | null>;
  /** Null when the community has a region of that name already. */
  create(region: {
    communityId: string;
    name: string;
    aliases: string[];
    delegateId: string | null;
  }): Promise<Region | null>;
  /** Null when it is not this community's. */
  update(
    communityId: string,
    id: string,
    change: { delegateId?: string | null; aliases?: string[] },
  ): Promise<Region | null>;
  remove(communityId: string, id: string): Promise<Region | null>;
  /** The region each member gave in her profile (those who gave one, whatever their status). */
  places(communityId: string): Promise<MemberPlace[]>;
}
