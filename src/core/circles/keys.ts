/** Outbox keys of everything circles send: each logical message once. */
export const circleKeys = {
  /** A circle's private space (a Discord private thread, a Slack group DM), one per revision of its members. */
  space: (circleId: string, revision: number) => `circle.space:${circleId}:${revision}`,
  /** Where a space could not be made (Discord without a parent channel): the welcome, by DM to each. */
  welcomeDm: (circleId: string, revision: number, memberId: string) =>
    `circle.welcome:${circleId}:${revision}:${memberId}`,
  /** To each member of a new space: "your circle is open: <link>". */
  ready: (circleId: string, revision: number, memberId: string) => `circle.ready:${circleId}:${revision}:${memberId}`,
  /** The check-in posted in the circle's space (or by DM to each member when it has none). */
  checkIn: (circleId: string, day: string, memberId?: string) =>
    `circle.checkin:${circleId}:${day}${memberId ? `:${memberId}` : ''}`,
  /** The moderators' alert when a circle asks for help. */
  help: (circleId: string, day: string, userId?: string) =>
    `circle.help:${circleId}:${day}${userId ? `:${userId}` : ''}`,
  /** To the others when a member left. */
  left: (circleId: string, memberId: string, at: Date, to: string) =>
    `circle.left:${circleId}:${memberId}:${at.getTime()}:${to}`,
  /** To the members of a short circle: someone who waits would fit. */
  offer: (circleId: string, about: string, to: string) => `circle.offer:${circleId}:${about}:${to}`,
};
