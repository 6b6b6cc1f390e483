/**
 * Evidence from the logs -> numbered proposals a clerk reviews: "add this wording as a question of
 * that entry" or "these unanswered questions fit no entry: write one". Pure apart from the matcher,
 * which is asked where each question lands today (a wording the knowledge already answers right needs
 * nothing, and an unanswered group is placed near the entry its questions come closest to).
 */
import type { KnowledgeBase } from '../../knowledge';
import { changesWhenSimplified } from '../../language/chinese';
import type { Locale } from '../../language/locale';
import { detectScript } from '../../language/script';
import type { Matcher } from '../../search';
import { groupSimilarQuestions, questionKey, type AskedQuestion } from '../report/cluster';
import type { CollectedEvidence, EvidenceKind } from './evidence';

/** Why a wording is proposed, and how often each reason was seen. */
export type ProposalReasons = Record<EvidenceKind | 'unanswered', number>;

export interface AddQuestionProposal {
  kind: 'add-question';
  /** 1-based, in the printed order; `--accept 1,3` refers to these. */
  number: number;
  entryId: string;
  /** The question list it goes into: the language of the wording. */
  locale: Locale;
  /** The wording to add (the most frequent one of its group), masked. */
  text: string;
  /** Times users asked it (this wording and the near-identical ones in `examples`). */
  count: number;
  reasons: ProposalReasons;
  /** Other wordings of the same question, most frequent first (masked). */
  examples: { text: string; count: number }[];
  /** Other entries the same wording was also linked to (picked or answered), with counts. */
  conflicts: { entryId: string; count: number }[];
}

export interface NewEntryProposal {
  kind: 'new-entry';
  number: number;
  locale: Locale;
  text: string;
  count: number;
  examples: { text: string; count: number }[];
}

export type Proposal = AddQuestionProposal | NewEntryProposal;

export interface Skipped {
  /** A mask marker in it: personal data was cut out, so it is not a question to keep. */
  personalData: number;
  /** Cut off in the log (longer than 300 characters). */
  tooLong: number;
  /** Already one of the entry's questions. */
  alreadyQuestion: number;
  /** The knowledge answers it with that entry today (a change since the log was written). */
  alreadyAnswered: number;
  /** Linked to several entries, none of them most of the time. */
  conflicting: number;
  /** Seen once only as "unanswered, then answered": as likely a new topic as a rephrasing. */
  unrelated: number;
}

export interface Proposals {
  proposals: Proposal[];
  skipped: Skipped;
  unlinked: number;
}

/**
 * An unanswered group none of whose wordings was linked to an entry is "near" one when most of its
 * wordings have that entry first, scoring on average at least the did-you-mean threshold, and it was
 * asked at least twice: the decision declined although the words are there. Lower scores were tried
 * (half, three quarters of the threshold) and mostly found the wrong entry for questions the office
 * does not answer ("the best hotpot restaurant" -> office hours at 0.18); such proposals still say
 * "check it is the right one".
 */
const NEAR_ENTRY_SHARE_OF_SUGGEST_THRESHOLD = 1;
const NEAR_ENTRY_MIN_COUNT = 2;
/** Wordings more alike than this are one question (one line to add, the others its examples). */
const SAME_QUESTION_JACCARD = 0.8;
/** Unanswered groups fitting no entry must have been asked this often to be worth an entry. */
const NEW_ENTRY_MIN_COUNT = 2;
const MAX_QUESTION_CHARS = 200;
/**
 * "Unanswered, then answered" in one chat is as likely a new topic as a rephrasing ("what's the
 * weather tomorrow", then a passport question). With no other evidence, a wording is proposed only
 * when chats asked it this often. The matcher cannot judge it: a real rephrasing is unanswered
 * precisely because the matcher does not relate its words to the entry ("how can I ring you").
 */
const REPHRASED_ALONE_MIN_COUNT = 2;
const MASK_MARKER = /\[(?:email|id-card|bank-card|passport|phone)\]/;

/** The question list a wording belongs in, from its own script (a user may type English in a Chinese chat). */
export function localeOfText(text: string, logged: string): Locale {
  const script = detectScript(text);
  if (script === 'en') return 'en';
  if (script === 'zh-Hant') return 'zh-Hant';
  if (script === 'zh-Hans') return 'zh-Hans';
  if (script === 'zh')
    return changesWhenSimplified(text) ? 'zh-Hant' : logged === 'zh-Hant' ? 'zh-Hant' : 'zh-Hans';
  return logged === 'en' || logged === 'zh-Hant' ? logged : 'zh-Hans';
}

function emptyReasons(): ProposalReasons {
  return { picked: 0, retried: 0, rephrased: 0, unanswered: 0 };
}

interface Candidate {
  entryId: string;
  locale: Locale;
  asked: AskedQuestion[];
  reasons: ProposalReasons;
}

export function buildProposals(
  collected: CollectedEvidence,
  knowledge: Pick<KnowledgeBase, 'byId' | 'matching'>,
  matcher: Pick<Matcher, 'match'>
): Proposals {
  const skipped: Skipped = {
    personalData: 0,
    tooLong: 0,
    alreadyQuestion: 0,
    alreadyAnswered: 0,
    conflicting: 0,
    unrelated: 0
  };
  const keep = (text: string) => {
    if (MASK_MARKER.test(text)) skipped.personalData++;
    else if (text.endsWith('…') || text.length > MAX_QUESTION_CHARS) skipped.tooLong++;
    else return true;
    return false;
  };

  // 1. Linked evidence: wording -> entry, per language. One wording linked to two entries goes to the
  //    entry it was linked to most often; the other is shown as a conflict.
  const byWording = new Map<string, Map<string, { reasons: ProposalReasons; asked: AskedQuestion[] }>>();
  for (const item of collected.evidence) {
    if (!keep(item.text)) continue;
    const locale = localeOfText(item.text, item.locale);
    const key = `${locale}\u0000${questionKey(item.text)}`;
    const perEntry = byWording.get(key) ?? new Map();
    byWording.set(key, perEntry);
    const slot = perEntry.get(item.entryId) ?? { reasons: emptyReasons(), asked: [] };
    slot.reasons[item.kind]++;
    slot.asked.push({ text: item.text, locale });
    perEntry.set(item.entryId, slot);
  }
  const candidates: Candidate[] = [];
  const conflictsOf = new Map<Candidate, { entryId: string; count: number }[]>();
  for (const [key, perEntry] of byWording) {
    const locale = key.slice(0, key.indexOf('\u0000')) as Locale;
    const ranked = [...perEntry].sort(
      (a, b) => b[1].asked.length - a[1].asked.length || a[0].localeCompare(b[0])
    );
    const [entryId, best] = ranked[0]!;
    const total = ranked.reduce((n, [, slot]) => n + slot.asked.length, 0);
    // No entry holds a majority of the links (a user who gave up and asked something else, linked
    // to whatever came next): the links say nothing; an unanswered wording is placed as such below.
    if (best.asked.length * 2 <= total) {
      byWording.delete(key);
      skipped.conflicting++;
      continue;
    }
    if (!knowledge.byId.has(entryId)) continue; // an entry since removed
    const candidate: Candidate = { entryId, locale, asked: best.asked, reasons: best.reasons };
    candidates.push(candidate);
    conflictsOf.set(
      candidate,
      ranked.slice(1).map(([id, slot]) => ({ entryId: id, count: slot.asked.length }))
    );
  }

  // 2. Unanswered questions, grouped. A group goes to an entry its own members were linked to (a
  //    member rephrased and answered in the same chat), else to the entry the matcher puts first for
  //    most of its wordings when that is close enough; the wordings already linked are proposed above.
  const newEntries: NewEntryProposal[] = [];
  const unanswered = collected.unanswered
    .filter((u) => keep(u.text))
    .map((u) => ({ text: u.text, locale: localeOfText(u.text, u.locale) }));
  const nearFloor = knowledge.matching.suggestThreshold * NEAR_ENTRY_SHARE_OF_SUGGEST_THRESHOLD;
  const linkedEntry = (text: string, locale: Locale) => {
    const perEntry = byWording.get(`${locale}\u0000${questionKey(text)}`);
    return perEntry ? [...perEntry].sort((a, b) => b[1].asked.length - a[1].asked.length)[0]![0] : undefined;
  };
  for (const locale of ['en', 'zh-Hans', 'zh-Hant'] as const) {
    const asked = unanswered.filter((u) => u.locale === locale);
    for (const group of groupSimilarQuestions(asked, 0.5, Number.MAX_SAFE_INTEGER)) {
      const wordings = [{ text: group.text, count: group.count - sum(group.variants) }, ...group.variants];
      const linked = new Map<string, { wordings: number; score: number }>();
      const closest = new Map<string, { wordings: number; score: number }>();
      for (const wording of wordings) {
        const id = linkedEntry(wording.text, locale);
        if (id !== undefined) {
          const vote = linked.get(id) ?? { wordings: 0, score: 0 };
          vote.wordings += wording.count;
          linked.set(id, vote);
          continue;
        }
        const top = matcher.match(wording.text).candidates[0];
        if (!top) continue;
        const vote = closest.get(top.id) ?? { wordings: 0, score: 0 };
        vote.wordings++;
        vote.score += top.score;
        closest.set(top.id, vote);
      }
      const unlinkedWordings = wordings.filter((w) => linkedEntry(w.text, locale) === undefined);
      if (unlinkedWordings.length === 0) continue; // every wording is proposed with its link above
      const best = (votes: Map<string, { wordings: number; score: number }>) =>
        [...votes].sort((a, b) => b[1].wordings - a[1].wordings || b[1].score - a[1].score)[0];
      const [linkedId] = best(linked) ?? [];
      const [closestId, vote] = best(closest) ?? [];
      const near =
        linkedId ??
        (closestId !== undefined &&
        vote !== undefined &&
        vote.wordings * 2 >= unlinkedWordings.length &&
        vote.score / vote.wordings >= nearFloor &&
        sum(unlinkedWordings) >= NEAR_ENTRY_MIN_COUNT
          ? closestId
          : undefined);
      const nearId = near !== undefined && knowledge.byId.has(near) ? near : undefined;
      if (nearId !== undefined) {
        // Each wording of the group is its own line to add: users' different phrasings are the point.
        for (const wording of unlinkedWordings) {
          const reasons = emptyReasons();
          reasons.unanswered = wording.count;
          candidates.push({
            entryId: nearId,
            locale,
            asked: Array.from({ length: wording.count }, () => ({ text: wording.text, locale })),
            reasons
          });
        }
      } else if (sum(unlinkedWordings) >= NEW_ENTRY_MIN_COUNT) {
        newEntries.push({
          kind: 'new-entry',
          number: 0,
          locale,
          text: unlinkedWordings[0]!.text,
          count: sum(unlinkedWordings),
          examples: unlinkedWordings.slice(1, 6)
        });
      }
    }
  }

  // 3. Per entry and language, near-identical wordings become one proposal; what the knowledge
  //    already has or already answers right is left out.
  const merged = new Map<string, Candidate[]>();
  for (const candidate of candidates) {
    const key = `${candidate.entryId}\u0000${candidate.locale}`;
    merged.set(key, [...(merged.get(key) ?? []), candidate]);
  }
  const additions: AddQuestionProposal[] = [];
  for (const list of merged.values()) {
    const { entryId, locale } = list[0]!;
    const entry = knowledge.byId.get(entryId)!;
    const existing = new Set(entry.questions[locale].map(questionKey));
    const reasonsByKey = new Map<string, ProposalReasons>();
    const conflictsByKey = new Map<string, { entryId: string; count: number }[]>();
    const asked: AskedQuestion[] = [];
    for (const candidate of list) {
      for (const question of candidate.asked) asked.push(question);
      const key = questionKey(candidate.asked[0]!.text);
      const reasons = reasonsByKey.get(key) ?? emptyReasons();
      for (const kind of Object.keys(reasons) as (keyof ProposalReasons)[])
        reasons[kind] += candidate.reasons[kind];
      reasonsByKey.set(key, reasons);
      conflictsByKey.set(key, [...(conflictsByKey.get(key) ?? []), ...(conflictsOf.get(candidate) ?? [])]);
    }
    for (const group of groupSimilarQuestions(asked, SAME_QUESTION_JACCARD, Number.MAX_SAFE_INTEGER)) {
      const members = [group.text, ...group.variants.map((v) => v.text)];
      if (members.some((text) => existing.has(questionKey(text)))) {
        skipped.alreadyQuestion++;
        continue;
      }
      const now = matcher.match(group.text);
      if (now.decision === 'answer' && now.candidates[0]?.id === entryId) {
        skipped.alreadyAnswered++;
        continue;
      }
      const reasons = emptyReasons();
      const conflicts = new Map<string, number>();
      for (const text of members) {
        const key = questionKey(text);
        const found = reasonsByKey.get(key);
        if (found)
          for (const kind of Object.keys(reasons) as (keyof ProposalReasons)[]) reasons[kind] += found[kind];
        for (const c of conflictsByKey.get(key) ?? [])
          conflicts.set(c.entryId, (conflicts.get(c.entryId) ?? 0) + c.count);
        reasonsByKey.delete(key); // counted once even when two members share a key
      }
      const otherReasons = reasons.picked + reasons.retried + reasons.unanswered;
      if (otherReasons === 0 && group.count < REPHRASED_ALONE_MIN_COUNT) {
        skipped.unrelated++;
        continue;
      }
      additions.push({
        kind: 'add-question',
        number: 0,
        entryId,
        locale,
        text: group.text,
        count: group.count,
        reasons,
        examples: group.variants.slice(0, 5),
        conflicts: [...conflicts]
          .map(([id, count]) => ({ entryId: id, count }))
          .sort((a, b) => b.count - a.count)
      });
    }
  }
  additions.sort(
    (a, b) =>
      b.count - a.count ||
      a.entryId.localeCompare(b.entryId) ||
      a.locale.localeCompare(b.locale) ||
      a.text.localeCompare(b.text)
  );
  newEntries.sort(
    (a, b) => b.count - a.count || a.locale.localeCompare(b.locale) || a.text.localeCompare(b.text)
  );
  const proposals: Proposal[] = [...additions, ...newEntries];
  proposals.forEach((p, index) => (p.number = index + 1));
  return { proposals, skipped, unlinked: collected.unlinked };
}

function sum(list: readonly { count: number }[]): number {
  return list.reduce((total, item) => total + item.count, 0);
}
