from ger.cli import main

main()
