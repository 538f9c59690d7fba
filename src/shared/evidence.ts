/**
 * The evidence layout for the webview, which may import only src/shared (ESLint). The code lives in
 * the engine's report folder, where the Markdown report uses it too; it is pure and has no imports.
 */
export { evidenceRows, humanKey, type EvidenceColumn, type EvidenceRow, type EvidenceValue } from '../core/report/evidenceLayout';
