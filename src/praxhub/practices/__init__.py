"""The practices compendium: practices as their owners describe them, reviewed by curators."""
