/** Supported locales per dataset kind (a realistic subset of the public language-support tables). */
import type { DatasetKind } from "./types.js";

/** Locales that support plain text (every base model) and hence projects. */
const TEXT_LOCALES = [
  "ar-AE", "ar-EG", "ar-SA", "ca-ES", "cs-CZ", "da-DK", "de-AT", "de-CH", "de-DE", "el-GR",
  "en-AU", "en-CA", "en-GB", "en-HK", "en-IE", "en-IN", "en-NG", "en-NZ", "en-PH", "en-SG", "en-US", "en-ZA",
  "es-ES", "es-MX", "es-US", "fi-FI", "fr-CA", "fr-FR", "he-IL", "hi-IN", "hu-HU", "id-ID", "it-IT", "ja-JP",
  "ko-KR", "nb-NO", "nl-NL", "pl-PL", "pt-BR", "pt-PT", "ro-RO", "ru-RU", "sv-SE", "th-TH", "tr-TR",
  "zh-CN", "zh-HK", "zh-TW",
];

/** OutputFormatting locales as documented (how-to-custom-speech-test-and-train.md). */
const OUTPUT_FORMATTING_LOCALES = [
  "da-DK", "de-DE", "en-AU", "en-CA", "en-GB", "en-HK", "en-IE", "en-IN", "en-NG", "en-NZ", "en-PH", "en-SG",
  "en-US", "es-ES", "es-MX", "fi-FI", "fr-CA", "fr-FR", "hi-IN", "it-IT", "ja-JP", "ko-KR", "nb-NO", "nl-NL",
  "pl-PL", "pt-BR", "pt-PT", "sv-SE", "tr-TR", "zh-CN", "zh-HK",
];

const ACOUSTIC_LOCALES = TEXT_LOCALES.filter((l) => !["ar-AE", "ar-EG", "ar-SA", "he-IL", "th-TH", "el-GR"].includes(l));

/** kind -> supported locales. */
export const DATASET_LOCALES: Record<DatasetKind, string[]> = {
  Language: TEXT_LOCALES,
  Acoustic: ACOUSTIC_LOCALES,
  AudioFiles: ACOUSTIC_LOCALES,
  Pronunciation: ["de-DE", "en-AU", "en-CA", "en-GB", "en-IN", "en-US", "es-ES", "es-MX", "fr-CA", "fr-FR", "it-IT", "ja-JP", "ko-KR", "pt-BR", "zh-CN"],
  LanguageMarkdown: ["de-DE", "en-AU", "en-CA", "en-GB", "en-IN", "en-US", "es-ES", "fr-FR", "it-IT", "ja-JP", "pt-BR", "zh-CN"],
  OutputFormatting: OUTPUT_FORMATTING_LOCALES,
};

/** Locales a project can have. */
export const PROJECT_LOCALES = TEXT_LOCALES;

/** BCP-47-ish shape check: language[-Script][-REGION]. */
export function isLocaleShaped(locale: string): boolean {
  return /^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|\d{3}))?$/.test(locale);
}

/** v3.2 shape: locale -> kinds. */
export function localesByLocale(): Record<string, DatasetKind[]> {
  const out: Record<string, DatasetKind[]> = {};
  for (const [kind, locales] of Object.entries(DATASET_LOCALES) as [DatasetKind, string[]][]) {
    for (const l of locales) (out[l] ??= []).push(kind);
  }
  return Object.fromEntries(Object.keys(out).sort().map((l) => [l, out[l]]));
}
