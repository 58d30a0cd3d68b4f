// One CSS convention across the app (ARCHITECTURE.md → Styles): BEM class names without a
// project prefix — block, block__element, block--modifier — in the stylesheet of the feature or
// route that uses them; app/globals.css holds only the tokens and the shared building blocks.
const bemClass =
  /^[a-z][a-z0-9]*(-[a-z0-9]+)*(__[a-z0-9]+(-[a-z0-9]+)*)?(--[a-zA-Z0-9]+(-[a-zA-Z0-9]+)*)?$/;

export default {
  rules: {
    'selector-class-pattern': [
      bemClass,
      { message: (selector) => `Use a BEM class name (block__element--modifier): ${selector}` },
    ],
    'no-duplicate-selectors': true,
    'block-no-empty': true,
    'color-no-invalid-hex': true,
    'declaration-block-no-duplicate-properties': true,
  },
};
