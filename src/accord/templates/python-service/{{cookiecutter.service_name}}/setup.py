"""The build generates the gRPC stubs from proto/ before packaging (see {{ cookiecutter.package_name }}/stubs.py)."""

import runpy

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithStubs(build_py):
    def run(self) -> None:
        runpy.run_path("{{ cookiecutter.package_name }}/stubs.py", run_name="__main__")
        super().run()


setup(cmdclass={"build_py": BuildWithStubs})
