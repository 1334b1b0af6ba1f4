// The catalogs' types, apart from index.ts so that en.ts can be checked against them
// without importing the module that imports it.
import type { fr } from './fr.ts';

/** A message that depends on a number: `{ one: '1 marraine', other: '{count} marraines' }`. */
export interface Plural {
  one: string;
  other: string;
}

export type Messages = typeof fr;
export type MessageKey = keyof Messages;

/** The shape every other language must fill: the same keys, plural where French is plural. */
export type Catalog = { [K in MessageKey]: Messages[K] extends Plural ? Plural : string };
