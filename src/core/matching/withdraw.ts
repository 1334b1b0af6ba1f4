import type { Community, Member } from '../community.ts';
import { mention } from '../reply-parts.ts';
import type { Repositories } from '../store.ts';
import { simpleMessage } from './messages.ts';
import { auditRequest, dm, enqueue } from './notify.ts';
import { closePost } from './posts.ts';

/**
 * She paused or left: none of her open requests may keep waiting on her. As a mentor,
 * the mentees who asked her are told kindly and get their slot back; as a mentee, the
 * mentors she asked are told; her post in the matching channel closes. Call with her
 * member row locked: every answer to a request locks both its members, so none can
 * slip in between.
 */
export async function withdrawFromMatching(
  repos: Repositories,
  community: Community,
  member: Member,
  now: Date,
): Promise<void> {
  for (const request of await repos.matching.openRequestsTo(member.id, now)) {
    // A request another transaction closed meanwhile was already answered there.
    if (!(await repos.matching.transition(request.id, ['pending', 'offered'], 'cancelled', now))) continue;
    const mentee = await repos.members.get(request.menteeId);
    await enqueue(
      repos,
      community,
      now,
      `request.withdrawn:${request.id}`,
      dm(mentee),
      simpleMessage(community, mentee, 'match.mentorUnavailable', { mentor: mention(member.externalUserId) }),
    );
    await auditRequest(repos, community, member, 'request.cancelled', request.id, { why: `mentor-${member.status}` });
  }
  for (const request of await repos.matching.openRequestsOf(member.id, now)) {
    if (!(await repos.matching.transition(request.id, ['pending', 'offered'], 'cancelled', now))) continue;
    const mentor = await repos.members.get(request.mentorId);
    await enqueue(
      repos,
      community,
      now,
      `request.withdrawn:${request.id}`,
      dm(mentor),
      simpleMessage(community, mentor, 'match.menteeWithdrew', { mentee: mention(member.externalUserId) }),
    );
    await auditRequest(repos, community, member, 'request.cancelled', request.id, { why: `mentee-${member.status}` });
  }
  await closePost(repos, community, member, 'closed', now);
}
