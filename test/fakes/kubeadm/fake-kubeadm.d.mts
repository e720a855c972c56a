/** Types of what the fake kubeadm exports for tests. */
export declare const FAKE_CA_PUBLIC_KEY: string;
export declare const FAKE_CA_HASH: string;
export declare function main(argv: string[]): Promise<number>;
export declare function transcriptBody(text: string): string;
export declare function transcriptSections(body: string): Map<string, string>;
export declare function renderGoTemplate(src: string, data: Record<string, unknown>): string;
export declare function renderJoinCommand(ctx: Record<string, unknown>, indent?: string): string;
