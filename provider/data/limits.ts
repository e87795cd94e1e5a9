/**
 * Documented limits per dataset kind, as data, so the provider and the emulator share the numbers.
 * Sources are abbreviated as in the project's fact sheet (shared/reference/custom-speech-data-formats.md):
 * AAD = MicrosoftDocs/azure-ai-docs articles/ai-services/speech-service/ (current docs);
 * OLD = MicrosoftDocs/azure-docs how-to-custom-speech-test-and-train.md (about 2022);
 * SPEC = Speech-to-text REST API v3.2 swagger; QUOTAS = AAD speech-services-quotas-and-limits.md.
 *
 * @packageDocumentation
 */

/** The dataset kinds of the Speech-to-text API (SPEC `DatasetKind`). */
export const DATASET_KINDS = ["Acoustic", "AudioFiles", "Language", "LanguageMarkdown", "Pronunciation", "OutputFormatting"] as const;
/** One of {@link DATASET_KINDS}. */
export type DatasetKind = (typeof DATASET_KINDS)[number];

/** True when `k` is a known dataset kind (case-sensitive, as the API spells it). */
export function isDatasetKind(k: unknown): k is DatasetKind {
  return typeof k === "string" && (DATASET_KINDS as readonly string[]).includes(k);
}

const KiB = 1024, MiB = 1024 * KiB, GiB = 1024 * MiB;
// The docs write "MB"/"GB" without saying decimal or binary; binary units are the lenient reading
// (a file the service accepts is never refused here).

/** Limits for one kind. Absent fields mean "no documented limit". */
export interface KindLimits {
  /** What is uploaded: a zip of audio (+ transcript), or one text file. */
  upload: "zip" | "text";
  /** Largest upload the validator refuses above (bytes). */
  maxBytes: number;
  /** A smaller documented size above which the validator warns (tier or doc conflicts). */
  warnBytes?: number;
  /** Free-tier (F0) size limit, for information. */
  maxBytesF0?: number;
  /** Most files in the zip. */
  maxFiles?: number;
  /** Longest audio file, seconds. */
  maxAudioSeconds?: number;
  /** Audio longer than this is used for its text only in training; if all are longer, training fails. */
  trainingAudioSeconds?: number;
  /** Expected file extension of the upload, when documented. */
  extension?: string;
}

/** The limits table. Numbers are the documented ones; see the comment on each. */
export const KIND_LIMITS: Readonly<Record<DatasetKind, Readonly<KindLimits>>> = {
  // AAD how-to-custom-speech-test-and-train.md, "Audio + human-labeled transcript data":
  // "Maximum zip size | 2 GB or 10,000 files"; audio max 2 h for testing, 40 s for training
  // (OLD said 60 s). QUOTAS: acoustic dataset file size 2 GB for F0 and S0.
  Acoustic: { upload: "zip", maxBytes: 2 * GiB, maxFiles: 10_000, maxAudioSeconds: 2 * 3600, trainingAudioSeconds: 40 },
  // AAD test-and-train, "Audio data for training or testing": 2 GB or 10,000 files, 2 h per file.
  AudioFiles: { upload: "zip", maxBytes: 2 * GiB, maxFiles: 10_000, maxAudioSeconds: 2 * 3600 },
  // AAD test-and-train, "Plain-text data for training": 200 MB. QUOTAS: "Max language dataset file
  // size" 200 MB (F0) / 1.5 GB (S0). The docs conflict; the tier is unknown here, so refuse above the
  // S0 quota and warn above 200 MB.
  Language: { upload: "text", maxBytes: 1.5 * GiB, warnBytes: 200 * MiB, maxBytesF0: 200 * MiB },
  // AAD test-and-train, "Structured-text data for training": .md, 200 MB. QUOTAS counts structured
  // text as a language dataset (same conflict as Language), so the same treatment.
  LanguageMarkdown: { upload: "text", maxBytes: 1.5 * GiB, warnBytes: 200 * MiB, maxBytesF0: 200 * MiB, extension: ".md" },
  // AAD test-and-train, "Pronunciation data for training": 1 MB (1 KB on the free tier).
  // QUOTAS: 1 KB (F0) / 1 MB (S0).
  Pronunciation: { upload: "text", maxBytes: 1 * MiB, maxBytesF0: 1 * KiB },
  // AAD test-and-train, "Custom display text formatting data": .md, 10 MB. (The Microsoft sample
  // is a .txt file, so the extension is not enforced.)
  OutputFormatting: { upload: "text", maxBytes: 10 * MiB },
};

/** Structured-text (LanguageMarkdown) limits. AAD test-and-train, "Structured-text data for training". */
export const MARKDOWN_LIMITS = {
  /** At most 20 `@ list` lists (current doc). */
  maxLists: 20,
  /** At most 35,000 items per list (current doc). */
  maxItemsPerList: 35_000,
  /** At most 15,000 lexicon entries (current doc). */
  maxLexiconEntries: 15_000,
  /** At most 2 pronunciations per word (current doc). */
  maxPronunciationsPerWord: 2,
  /**
   * The data-types table of the same doc (and OLD) says "Up to 10 classes with up to 4,000 items
   * and up to 50,000 training sentences". Conflicting, so these only warn.
   */
  warnLists: 10,
  warnItemsPerList: 4_000,
  warnSentences: 50_000,
} as const;

/** Display-format (OutputFormatting) section limits. AAD how-to-custom-speech-display-text-format.md. */
export const OUTPUT_FORMATTING_LIMITS = {
  /** `#itn`: at most 200 pattern lines. */
  itn: 200,
  /** `#rewrite`: at most 1,000 lines. */
  rewrite: 1_000,
  /** `#profanity`: at most 1,000 lines. */
  profanity: 1_000,
  /** `#test`: only the file size limit. */
  test: Infinity,
} as const;

/** Audio format accepted for Acoustic and AudioFiles (AAD test-and-train audio tables). */
export const AUDIO_FORMAT = {
  container: "RIFF WAVE",
  bitsPerSample: 16,
  sampleRates: [8000, 16000] as readonly number[],
  channels: 1,
} as const;

/** Plain text: ja-JP and ko-KR imports of more than 20,000 lines may time out (AAD test-and-train). */
export const LONG_IMPORT_LINES = 20_000;
/** Acoustic ja-JP transcripts: at most 90 characters per sentence; longer lines are discarded. */
export const JA_MAX_SENTENCE_CHARS = 90;
/** Acoustic de-DE transcripts: rows containing any of these characters are discarded. */
export const DE_DISCARDED_CHARS = "¢¤¥¦§©ª¬®°±²µ×ÿØ";
/** Profanity phrases may not contain these punctuation characters (AAD display-text-format). */
export const PROFANITY_FORBIDDEN_CHARS = ".,?、!:;？。，¿¡।؟،";
