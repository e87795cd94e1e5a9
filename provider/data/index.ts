/**
 * Local data support for custom-speech datasets: Pulumi asset/archive wire shapes, deterministic
 * zips, streaming hashes, block chunking and per-kind format validation.
 *
 * Pure modules: no network, no Pulumi runtime import. Every function that touches files takes a
 * `cwd` (the Pulumi project directory) that relative paths are resolved against.
 *
 * @packageDocumentation
 */
export { DataError, isDataError } from "./errors.js";
export {
  parseSourceWire, toSourceWire, isArchiveSpec,
  SPECIAL_SIG_KEY, ASSET_SIG, ARCHIVE_SIG, SECRET_SIG, UNKNOWN_VALUE,
  type SourceSpec, type FileSource, type TextSource, type FolderSource, type ZipSource, type AssetArchiveSource,
} from "./wire.js";
export { listEntries, listFolder, compareNames, type ArchiveEntry, type EntryListing } from "./entries.js";
export { zipEntries, zipSize, ZIP_FIXED_MTIME, ZIP_FIXED_MODE } from "./zip.js";
export { openSource, hashSource, hashStream, type OpenedSource } from "./source.js";
export {
  chunk, blockIdFor, blockCount, checkBlockCount, validateBlockSize,
  MAX_BLOCK_SIZE, DEFAULT_BLOCK_SIZE, MAX_BLOCK_INDEX, MAX_BLOCK_COUNT, BLOCK_ID_BYTES, type Block,
} from "./chunk.js";
export {
  DATASET_KINDS, isDatasetKind, KIND_LIMITS, MARKDOWN_LIMITS, OUTPUT_FORMATTING_LIMITS, AUDIO_FORMAT,
  LONG_IMPORT_LINES, JA_MAX_SENTENCE_CHARS, DE_DISCARDED_CHARS, PROFANITY_FORBIDDEN_CHARS,
  type DatasetKind, type KindLimits,
} from "./limits.js";
export { formatProblems, type DataProblem } from "./problems.js";
export { validateData, describeSpec, type ValidateOptions } from "./validate.js";
export { readLines, DEFAULT_MAX_LINE_BYTES, type TextLine } from "./lines.js";
export { parseWavHeader, wavFormatProblems, WAV_HEADER_PREFIX_BYTES, type WavInfo } from "./wav.js";
export { checkItnPattern } from "./outputFormatting.js";
