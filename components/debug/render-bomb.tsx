"use client";

/** Throws while rendering, wherever it renders (debug triggers only). */
export function RenderBomb({ message }: { message: string }): never {
  throw new Error(message);
}
