import { scopedActionId } from '../action-ids.ts';

/**
 * The buttons of the pair nudges. They live in DMs, so their ids carry the community;
 * they are handled by the `checkin` command (commands/pair-actions.ts), whose actions
 * these are.
 */
export const pairAction = {
  stay: (communityId: string, pairId: string) => scopedActionId(communityId, 'checkin', 'pair-stay', pairId),
  pause: (communityId: string, pairId: string) => scopedActionId(communityId, 'checkin', 'pair-pause', pairId),
  /** Asks first: ending is not undone. */
  end: (communityId: string, pairId: string) => scopedActionId(communityId, 'checkin', 'pair-end', pairId),
  endConfirm: (communityId: string, pairId: string) =>
    scopedActionId(communityId, 'checkin', 'pair-end-confirm', pairId),
  endCancel: (communityId: string, pairId: string) => scopedActionId(communityId, 'checkin', 'pair-end-cancel', pairId),
  resume: (communityId: string, pairId: string) => scopedActionId(communityId, 'checkin', 'pair-resume', pairId),
  /** `extended`: the pair's extended months when the button was made, so a second click adds nothing. */
  extend: (communityId: string, pairId: string, extended: number) =>
    scopedActionId(communityId, 'checkin', 'pair-extend', pairId, extended),
  close: (communityId: string, pairId: string) => scopedActionId(communityId, 'checkin', 'pair-close', pairId),
  feedback: (communityId: string, pairId: string) => scopedActionId(communityId, 'checkin', 'feedback', pairId),
  feedbackSend: (communityId: string, pairId: string) =>
    scopedActionId(communityId, 'checkin', 'feedback-send', pairId),
  thank: (communityId: string, pairId: string) => scopedActionId(communityId, 'checkin', 'thank', pairId),
  thankSend: (communityId: string, pairId: string) => scopedActionId(communityId, 'checkin', 'thank-send', pairId),
};
