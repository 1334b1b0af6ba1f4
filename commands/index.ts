import type { Command } from '../src/core/commands.ts';
import admin from './admin.ts';
import challenge from './challenge.ts';
import checkin from './checkin.ts';
import circle from './circle.ts';
import data from './data.ts';
import join from './join.ts';
import mentors from './mentors.ts';
import profile from './profile.ts';
import requests from './requests.ts';
import share from './share.ts';
import stats from './stats.ts';

/** Every subcommand of `/marraine`, in the order menus and help show them. */
export const commands: Command[] = [
  join,
  profile,
  mentors,
  requests,
  checkin,
  share,
  challenge,
  circle,
  admin,
  data,
  stats,
] as Command[];
