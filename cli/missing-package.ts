import { OptionalPackageMissing } from '../base/diagnostics/codes.js';
import { diagnose } from '../base/diagnostics/code.js';
import { formatCompact } from '../base/diagnostics/formats/compact.js';
import { vnetPackage } from '../base/package-files.js';
import type { MissingPackageError } from '../io/optional-package.js';

/**
 * The one line (VN030) for a command that needs a runtime library a lean install left out: which
 * package, at the exact version vnet was built with, and what needed it.
 */
export function missingPackageLine(error: MissingPackageError, command: string): string {
  const version = vnetPackage().optionalDependencies[error.packageName] ?? 'latest';
  const diagnostic = diagnose(OptionalPackageMissing, { command, package: error.packageName, version, feature: error.feature });
  return formatCompact([diagnostic], new Map(), { color: false });
}
