// Lint: typescript-eslint's type-aware recommended rules; `any` is an error, not a warning.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["node_modules/**", ".data/**", "models/training/**", "**/*.js", "!eslint.config.js"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
    },
  },
  // Plain-JS bootstraps (e.g. the model worker's loader) sit outside the TypeScript project.
  { files: ["eslint.config.js", "**/*.mjs"], ...tseslint.configs.disableTypeChecked },
);
