/** Types of tools.mjs for the TypeScript tests. */
export interface TestTool {
  bin: string;
  pkg: string;
  suites: string;
}
export declare const REPO_ROOT: string;
export declare const SHARED_TESTDATA: string;
export declare const TEST_TOOLS: TestTool[];
export declare function packageOf(bin: string): string;
export declare function onPath(bin: string, path?: string): string | undefined;
export declare function missingSharedTestdata(paths?: string[]): string[];
